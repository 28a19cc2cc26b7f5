// A message the UI translates (docs/behaviour.md §8.6): an id from the catalogues of
// src/shared/i18n and its parameters; the English `message` beside it stays for clients.
export interface MessageRef {
  messageId: string;
  params?: Record<string, string | number>;
}
