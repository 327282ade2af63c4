/**
 * ENV and ARG names that announce a secret: DB_PASSWORD, HF_TOKEN,
 * AWS_SECRET_ACCESS_KEY, OPENAI_API_KEY. Bare `*_KEY` is left out on purpose:
 * official images set GPG_KEY to a public key fingerprint.
 */
const SECRET_NAME = /(^|_)(PASSWORD|PASSWD|PASS|PWD|TOKEN|SECRET|SECRET_KEY|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH)$/i;

export function isSecretVariableName(name: string): boolean {
  // PWD alone is the shell's working directory, not a password.
  if (/^(PWD|OLDPWD)$/i.test(name)) return false;
  return SECRET_NAME.test(name);
}
