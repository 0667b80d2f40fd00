/** JSON Pointer (RFC 6901) helpers. */

export type PathSegment = string | number

/** Escapes one reference token: `~` becomes `~0`, `/` becomes `~1`. */
export function escapeToken(token: string): string {
  return token.indexOf('~') === -1 && token.indexOf('/') === -1
    ? token
    : token.replace(/~/g, '~0').replace(/\//g, '~1')
}

/** Builds a JSON Pointer from path segments: `['Results', 0, 'ClassId']` becomes `/Results/0/ClassId`. */
export function toPointer(segments: readonly PathSegment[]): string {
  let pointer = ''
  for (const segment of segments) pointer += '/' + escapeToken(String(segment))
  return pointer
}

/** Splits a JSON Pointer into its unescaped reference tokens. */
export function fromPointer(pointer: string): string[] {
  if (pointer === '') return []
  if (pointer[0] !== '/') throw new SyntaxError(`not a JSON Pointer: ${JSON.stringify(pointer)}`)
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
}
