import packageJson from '../package.json';

export const VERSION: string = packageJson.version;
export const TOOL_NAME = 'LeakLint';
export const INFORMATION_URI: string = packageJson.homepage;
