/** One small `POST /v1/responses` to a codex listener: the answer's status, 0 on a transport error. */
export function postResponses(port: number): Promise<number>;
