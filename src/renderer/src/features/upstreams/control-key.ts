/** Key under which a row control's error is kept in the store. */
export function controlKey(service: string, station: string, id: string, control: string) {
  return `${service}/${station}/${id}:${control}`;
}
