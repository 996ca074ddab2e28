export { authRoutes } from './auth.routes';
export { createAuthService, revokeSessions, type AuthService } from './auth.service';
export { hashPassword } from './password';
export { User, loginsOf, userNames, type UserDoc } from './user.model';
export { accountFilter, createAccount, patchAccount, resetPassword } from './accounts';
