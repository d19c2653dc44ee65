import type { AuthService } from '../../services/auth-service';
import type { Sessions } from '../../services/sessions';
import { actorId, type HandlerGroup } from '../handler-types';

type AuthCalls = 'auth.state' | 'auth.setupAdmin' | 'auth.signIn' | 'auth.unlock' | 'auth.signOut' | 'auth.activity' | 'staff.list' | 'staff.create' | 'staff.update';

export function authHandlers(auth: AuthService, sessions: Sessions): HandlerGroup<AuthCalls> {
  return {
    'auth.state': (_input, ctx) => auth.state(ctx.sessionKey),
    'auth.setupAdmin': (input, ctx) => auth.setupAdmin(ctx.sessionKey, input),
    'auth.signIn': (input, ctx) => auth.signIn(ctx.sessionKey, input),
    'auth.unlock': (input, ctx) => auth.unlock(ctx.sessionKey, input.password),
    'auth.signOut': (_input, ctx) => auth.signOut(ctx.sessionKey),
    'auth.activity': (_input, ctx) => {
      sessions.activity(ctx.sessionKey);
      return null;
    },
    'staff.list': () => auth.list(),
    'staff.create': (input) => auth.create(input),
    'staff.update': (input, ctx) => auth.update(actorId(ctx), input),
  };
}
