/* Starts the sandbox on its own: `npm run sandbox` (PORT to choose the port). */
import { RD_SANDBOX_APP } from './rdstation';
import { SANDBOX_KEYS, startSandbox } from './server';

async function main() {
	const port = Number(process.env.PORT ?? 5680);
	const latencyMs = Number(process.env.SANDBOX_LATENCY_MS ?? 0);
	const sandbox = await startSandbox({ port, latencyMs });
	console.log(`Sandbox of the Nexor, Nateq and RD Station APIs (and a scripted OpenAI-compatible model) running at ${sandbox.url}`);
	console.log('');
	console.log('Use these in n8n credentials (Base URL / API Key):');
	console.log(`  Nexor API                     ${sandbox.baseUrl('nexor')}   ${SANDBOX_KEYS.nexor}`);
	console.log(`  Nateq API                     ${sandbox.baseUrl('nateq')}   ${SANDBOX_KEYS.nateq}`);
	console.log(`  RD Station Marketing API Key  ${sandbox.baseUrl('rdstation')}   ${SANDBOX_KEYS.rdstation}`);
	console.log(`  OpenAI (n8n's Chat Model)     ${sandbox.baseUrl('openai')}   ${SANDBOX_KEYS.openai}   (a scripted model for the AI Agent example)`);
	console.log(`  RD Station Marketing OAuth2   Client ID ${RD_SANDBOX_APP.clientId}, Client Secret ${RD_SANDBOX_APP.clientSecret}`);
	console.log(`                                Authorization URL ${sandbox.baseUrl('rdstation')}/auth/dialog`);
	console.log(`                                Access Token URL ${sandbox.baseUrl('rdstation')}/auth/token?token_by=code`);
	console.log('');
	console.log('Try: curl -H "X-API-Key: ' + SANDBOX_KEYS.nexor + '" ' + sandbox.baseUrl('nexor') + '/conversion-types');
	console.log('Press Ctrl-C to stop.');
	const stop = async () => {
		await sandbox.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

void main();
