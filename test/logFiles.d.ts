export function suiteLogFile(testPath: string, runtime?: string): string;
