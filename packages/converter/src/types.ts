export type { Session as CommonSession } from './generated/Session.gen.js'
