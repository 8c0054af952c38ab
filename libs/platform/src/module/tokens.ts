/** Injection tokens for what the platform provides to every service. */
export const CONFIG = Symbol('yiwang:config');
export const LOGGER = Symbol('yiwang:logger');
export const SERVICE_SPEC = Symbol('yiwang:service-spec');
