export { checkAlgorithms, isKnownAlgorithm, isNone, JWS_ALGORITHMS, type JwsAlgorithm } from './algorithms.js'
export { type DecodeOptions, decodeUnverified, type UnverifiedToken } from './decode.js'
export {
  ClaimsError,
  type ClaimsErrorReason,
  JwtError,
  type JwtErrorCode,
  type JwtErrorReason,
  TokenInfoError,
  type TokenInfoField,
} from './errors.js'
export * from './generated/index.gen.js'
export { checkKey, type Key, type KeyUse, type VerifyKey } from './keys.js'
export { MAX_NESTING_DEPTH } from './nesting.js'
export { isScopeToken, splitScope } from './scope.js'
export { type SignOptions, sign } from './sign.js'
export { type TokenInfoToClaimsOptions, tokenInfoToClaims } from './to-claims.js'
export { type ClaimsToTokenInfoOptions, claimsToTokenInfo } from './to-token-info.js'
export { DEFAULT_MAX_TOKEN_LENGTH } from './token-shape.js'
export {
  type ClaimsProfile,
  checkClaimsSchema,
  RFC9068_REQUIRED_CLAIMS,
  type ValidateClaimsOptions,
  validateClaims,
} from './validate.js'
export {
  type VerifiedTokenInfo,
  type VerifyOptions,
  type VerifyResult,
  type VerifyTokenInfoOptions,
  verify,
  verifyTokenInfo,
} from './verify.js'
