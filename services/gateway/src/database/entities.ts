import { LoginThrottleEntity } from '../auth/login-throttle.entity.js';
import { RefreshTokenEntity } from '../auth/refresh-token.entity.js';
import { SigningKeyEntity } from '../auth/signing-key.entity.js';
import { UserEntity } from '../auth/user.entity.js';

export const gatewayEntities = [UserEntity, RefreshTokenEntity, SigningKeyEntity, LoginThrottleEntity];
