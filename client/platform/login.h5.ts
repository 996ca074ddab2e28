export async function wechatLoginCode(): Promise<string | null> {
  const params = new URLSearchParams(window.location.search);
  return params.get('code');
}
