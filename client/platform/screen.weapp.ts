export function isWideScreen(): boolean {
  return false;
}
