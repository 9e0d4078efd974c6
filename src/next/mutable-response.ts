/**
 * A response whose headers can be edited. Responses from `fetch()` or `Response.redirect()` —
 * which an `onSession` hook may return — have immutable headers; those are copied.
 */
export function mutable(response: Response): Response {
  return isMutable(response) ? response : new Response(response.body, response);
}

function isMutable(response: Response): boolean {
  try {
    response.headers.append('x-ncs-probe', '1');
    response.headers.delete('x-ncs-probe');
    return true;
  } catch {
    return false;
  }
}
