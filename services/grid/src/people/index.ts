// Residents' personal data: validating, generating, masking and encrypting it.
export { fullPinyin, makeName, pinyinInitials } from './chinese-names.js';
export {
  assertIdNumber,
  isKnownRegionCode,
  isSyntheticIdNumber,
  knownRegionCodes,
  makeIdNumber,
  parseIdNumber,
  SYNTHETIC_SEQUENCE_RANGE,
  type Gender,
  type IdNumber,
  type IdNumberOptions,
} from './id-number.js';
export { maskIdNumber, maskPhone } from './masking.js';
export { type ParseResult } from './parse-result.js';
export {
  isSyntheticMobile,
  makeSyntheticMobile,
  normalizeMobileInput,
  parseMobile,
  SYNTHETIC_MOBILE_PREFIXES,
} from './phone.js';
export { PiiCipher, PiiCipherError, type LookupKind, type PiiKeyRing } from './pii-cipher.js';
export { seededRandom, type Random } from './random.js';
