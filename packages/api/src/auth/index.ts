export * from './role';
export * from './sign-in-directory.port';
export * from './password-verifier.port';
export * from './argon2-password.adapter';
export * from './active-membership';
export * from './sign-in-policy';
export * from './sign-in-with-password';
export * from './sign-in-with-identity-provider';
