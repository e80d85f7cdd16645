/** Pieces shared by the facility routes: the roles that plan and decide. */
import type { Role } from '../http/env';

/** Planners run scenarios; officials run them too (to override a choice) and approve. */
export const PLANNERS: Role[] = ['admin', 'planner', 'official'];
/** Roles that approve scenarios and move projects along. */
export const DECIDERS: Role[] = ['admin', 'official'];
