export async function sharePage(title: string, path: string): Promise<boolean> {
  const url = new URL(path, window.location.origin).toString();
  if (navigator.share) {
    await navigator.share({ title, url });
    return true;
  }
  if (navigator.clipboard) {
    await navigator.clipboard.writeText(url);
    return true;
  }
  return false;
}
