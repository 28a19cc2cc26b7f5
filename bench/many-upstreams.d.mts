export function manyUpstreamsToml(opts: {
  port: number;
  codex?: number;
  claude?: number;
  ports?: { codex: number; claude: number; console: number } | null;
}): string;
