/** RFC 6749 §3.3 scopes: `scope = scope-token *( SP scope-token )`, `scope-token = 1*( %x21 / %x23-5B / %x5D-7E )`. */

const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/

/** Whether a string is one RFC 6749 scope-token (printable ASCII, no space, `"` or `\`). */
export function isScopeToken(token: string): boolean {
  return SCOPE_TOKEN.test(token)
}

/** The scope tokens of a `scope` claim, in order (duplicates kept: their order is the convention). */
export function splitScope(scope: string): string[] {
  return scope === '' ? [] : scope.split(' ')
}
