import { clientKeyOf } from '@registry/lib';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { MembersContext } from '../context';
import type { SignInSetup } from '../services/sign-in.service';
import { requestSignInCode, signIn } from '../services/sign-in.service';
import { MemberSignIn, SignInCodeRequest } from './sign-in-views';

/** The request's sign-in: its caller's bucket, the process's secrets and limiters. */
const signInSetup = ({ viewer, origin, config, limiters }: MembersContext): SignInSetup => ({
  client: clientKeyOf(viewer, origin),
  config: config.security,
  limiters,
});

/** Member sign-in: a one-time code to the member's own e-mail or phone, exchanged for a short-lived token. */
@Resolver()
export class SignInResolver {
  @Mutation(() => SignInCodeRequest, {
    description:
      "Sends a one-time code to an active member's e-mail or phone (login: registration number, e-mail or phone)",
  })
  async requestSignInCode(@Arg('login', () => String) login: string, @Ctx() context: MembersContext) {
    return requestSignInCode(context.em, signInSetup(context), login);
  }

  @Mutation(() => MemberSignIn, {
    description: 'Exchanges the code last sent to the login for a member token (valid at most an hour)',
  })
  async signIn(
    @Arg('login', () => String) login: string,
    @Arg('code', () => String) code: string,
    @Ctx() context: MembersContext,
  ) {
    return signIn(context.em, signInSetup(context), login, code);
  }
}
