/**
 * Users: the people of member organisations, their roles and status. Passwords are hashed here and
 * checked by modules/auth.
 */
export { createUserService, createUserRecord, type UserService } from './user.service.js';
export { userRoutes } from './user.routes.js';
export { toUser, findUser, findUserByEmail, insertUsers, updateUserRow } from './user.repository.js';
