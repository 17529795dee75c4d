/** Starts the browser's download of `href` as `name` (Electron and the browser host alike). */
export function downloadUrl(href: string, name: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  link.click();
}

/** Hands text to the browser as a file download (Electron and the browser host alike). */
export function downloadText(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  downloadUrl(url, name);
  // The click starts the download asynchronously: keep the URL alive a while.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
