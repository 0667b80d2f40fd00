/** Claim names that are taken: an unknown XIQ field or claim with one of these names is never copied. */

/**
 * Registered claim names (IANA "JSON Web Token Claims" registry, RFC 7519 §4.1, RFC 9068, OpenID Connect
 * Core §5.1 and §2, RFC 8693, RFC 7800, RFC 8417), plus the XIQ private claims this package maps.
 */
export const REGISTERED_CLAIMS: ReadonlySet<string> = new Set([
  'iss',
  'sub',
  'aud',
  'exp',
  'nbf',
  'iat',
  'jti',
  'client_id',
  'scope',
  'auth_time',
  'acr',
  'amr',
  'azp',
  'nonce',
  'at_hash',
  'c_hash',
  'sid',
  'roles',
  'groups',
  'entitlements',
  'act',
  'may_act',
  'cnf',
  'events',
  'txn',
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'email',
  'email_verified',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'phone_number',
  'phone_number_verified',
  'address',
  'updated_at',
  'user_id',
  'owner_id',
  'role',
  'data_center',
])

/** Keys that would reach a prototype if some consumer copied them with bracket assignment. */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])
