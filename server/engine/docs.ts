/** Where the rule pages of docs/ are published; also shipped inside the .vsix and the npm package. */
export const DOCS_BASE_URL = 'https://github.com/leaklint/leaklint/blob/main/docs';

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}/rules/${ruleId}.md`;
}
