import Taro from '@tarojs/taro';
import type { TokenPair } from '../../types/auth';
import { forgetMe, loadMe } from './me';
import { ROUTES, goHome } from './navigation';
import { tokenStore } from './session';

/** Every way of signing in ends here: keep the tokens, load the user, then the forced password change or the page. */
export async function completeSignIn(tokens: TokenPair, redirect?: string): Promise<void> {
  tokenStore.set(tokens);
  forgetMe();
  await loadMe(true);
  if (tokens.mustChangePassword) void Taro.redirectTo({ url: ROUTES.password });
  else if (redirect && redirect.startsWith('/pages/')) void Taro.reLaunch({ url: redirect });
  else goHome();
}
