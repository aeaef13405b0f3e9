/** Hands text to the browser as a file download (CSV exports are read with the page's credential, so no plain link can fetch them). */
export function saveTextFile(fileName: string, text: string, type = "text/csv;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the blob over; revoking later leaves slow browsers time to start the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
