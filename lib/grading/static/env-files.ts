/** ".env", ".env.production", "config/.env.local"; but not the committed templates (.env.example, .env.sample...). */
export function isEnvFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1);
  return /^\.env(\.[\w-]+)?$/.test(base) && !/\.(example|sample|template|dist|defaults?)$/.test(base);
}
