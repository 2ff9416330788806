// The all-in-one package's lint (`n8n-node lint` here, strict mode off: a package of three services
// cannot be verified anyway): n8n's rules for nodes, credentials and package.json as in
// @n8n/node-cli's default configuration, plus the tests, the sandbox and the scripts. Each service
// package (packages/<service>) is linted in its own folder by `n8n-node lint` in strict mode, with
// n8n's default eslint.config.mjs unmodified (generated there by the build).
import eslint from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { globalIgnores } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importPlugin from 'eslint-plugin-import-x';
import n8nNodesPlugin from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const community = n8nCommunityNodesPlugin.configs.recommended;

export default tseslint.config(
	globalIgnores(['dist', 'node_modules', 'coverage', '.n8n-runtime', 'packages/*/{nodes,credentials,dist,examples,node_modules}', 'packages/*/eslint.config.mjs']),
	{
		files: ['**/*.ts'],
		extends: [
			eslint.configs.recommended,
			tseslint.configs.recommended,
			community,
			importPlugin.configs['flat/recommended'],
		],
		rules: {
			'prefer-spread': 'off',
			'no-console': 'error',
		},
	},
	{
		plugins: { 'n8n-nodes-base': n8nNodesPlugin },
		settings: {
			'import-x/resolver-next': [createTypeScriptImportResolver()],
		},
	},
	{
		files: ['package.json'],
		plugins: community.plugins,
		rules: {
			...community.rules,
			...n8nNodesPlugin.configs.community.rules,
		},
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesPlugin.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		// The shared types live in one file so that no two modules import each other.
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		rules: {
			'import-x/no-cycle': 'error',
			// Folders depend one way: nodes on credentials (never back), a node on nodes/shared (never back),
			// a node's actions on its helpers (never back), and no service on another (each ships alone).
			'import-x/no-restricted-paths': [
				'error',
				{
					zones: [
						{ target: './credentials', from: './nodes', message: 'Credentials import nothing from nodes/ (put what both need in credentials/).' },
						{ target: './nodes/shared', from: './nodes', except: ['./shared'], message: 'nodes/shared serves every node and imports none.' },
						...['Nexor', 'Nateq', 'RdStationMarketing'].map((node) => ({
							target: `./nodes/${node}/helpers`,
							from: [`./nodes/${node}/actions`, `./nodes/${node}/methods`],
							message: 'Helpers hold what operations share; they import no operation, description or method.',
						})),
						...[
							['Nexor', ['NexorTrigger']],
							['NexorTrigger', ['Nexor']],
							['Nateq', []],
							['RdStationMarketing', ['RdStationMarketingTrigger']],
							['RdStationMarketingTrigger', ['RdStationMarketing']],
						].map(([node, sameService]) => ({
							target: `./nodes/${node}`,
							from: './nodes',
							except: ['./shared', `./${node}`, ...sameService.map((other) => `./${other}`)],
							message: 'A service imports no other service: each service package ships alone.',
						})),
					],
				},
			],
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesPlugin.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{
		// Tests, the sandbox and the harness run in plain Node, never inside n8n:
		// only the rules about code that runs inside n8n are relaxed for them.
		files: ['test/**/*.ts', 'scripts/**/*.ts', 'jest.config.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-restricted-imports': 'off',
			// Tests and tools start servers and processes (npm pack, n8n); nodes never may.
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			// Tools rethrow what they cannot handle; n8n's error classes are for node code.
			'@n8n/community-nodes/require-node-api-error': 'off',
			'no-console': 'off',
		},
	},
	{
		// The sandbox is a fake of the three APIs: its app credentials are public fixtures, the same in every clone.
		files: ['test/sandbox/**/*.ts'],
		rules: { '@n8n/community-nodes/no-hardcoded-secrets': 'off' },
	},
);
