/*
 * n8n's own server-side code, loaded from the runtime under test (its `n8n`
 * package), where the engine suites would otherwise have to imitate it:
 * - CredentialsHelper: how n8n decrypts a credential, applies its defaults
 *   (the `extends` chain included: OAuth2 credentials inherit oAuth2Api's
 *   fields), resolves its expressions, authenticates a request, and stores
 *   a refreshed OAuth2 token. Only its database table is replaced, by an
 *   in-memory `credentials` table holding what n8n would store: encrypted data.
 * - CredentialsTester: what "Test" in the credential dialog answers.
 * The rest of n8n's server (users, projects, licences) is stubbed at the
 * few points these two reach for it.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { ICredentialDataDecryptedObject, ICredentialType, INodeCredentialTestResult, INodeType, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import type { Runtime } from '../runtime/n8nRuntime';

// n8n reads its encryption key once, from here, when its DI container first builds its settings.
process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'lead-conversions-harness-'));
process.env.N8N_ENCRYPTION_KEY ??= 'lead-conversions-harness-encryption';

interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: string;
}

interface CredentialsLike {
	setData(data: ICredentialDataDecryptedObject): void | Promise<void>;
	getDataToSave(): { data?: string };
}

type CredentialsClass = new (nodeCredentials: { id: string | null; name: string }, type: string, data?: string) => CredentialsLike;

/**
 * The `credentials_entity` table as n8n's CredentialsHelper reads and writes
 * it (findOneByOrFail, update), holding what n8n holds: data encrypted with
 * the instance's key. A test gives each type's data once; every credential
 * id a node names gets its own row of it on first read (two ids act as two
 * credentials: a token refreshed in one is not seen by the other).
 */
class CredentialsTable {
	private readonly rows = new Map<string, StoredCredential>();

	private given: Record<string, ICredentialDataDecryptedObject> = {};

	constructor(private readonly Credentials: CredentialsClass) {}

	private key = (id: string, type: string) => `${type}\u0000${id}`;

	replaceAll(given: Record<string, ICredentialDataDecryptedObject>): void {
		this.given = given;
		this.rows.clear();
	}

	/** Stores one credential under its own id, as n8n holds a saved credential. */
	async put(id: string, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		const credentials = new this.Credentials({ id, name: type }, type);
		await credentials.setData(data);
		this.rows.set(this.key(id, type), { id, name: type, type, data: credentials.getDataToSave().data! });
	}

	async findOneByOrFail({ id, type }: { id: string; type: string }): Promise<StoredCredential & { isResolvable: false; usageScope: 'project' }> {
		let row = this.rows.get(this.key(id, type));
		if (!row) {
			const data = this.given[type];
			if (!data) throw new Error(`No credentials of type ${type} were given to the harness`);
			const credentials = new this.Credentials({ id, name: type }, type);
			await credentials.setData(data);
			row = { id, name: type, type, data: credentials.getDataToSave().data! };
			this.rows.set(this.key(id, type), row);
		}
		// n8n 2.41's column defaults: a credential of a project, usable in workflows.
		return { ...row, isResolvable: false, usageScope: 'project' };
	}

	async update({ id, type }: { id: string; type: string }, changes: { data?: string }): Promise<void> {
		const row = this.rows.get(this.key(id, type));
		if (row && changes.data) row.data = changes.data;
	}
}

type Loaded = Record<string, unknown>;

/** A module of the runtime's own n8n packages, by its path below node_modules. */
const fromRuntime = (runtime: Runtime, modulePath: string): Loaded =>
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	require(path.join(runtime.modules, modulePath)) as Loaded;

export interface N8nServer {
	credentialsHelper: {
		getDecrypted(additionalData: IWorkflowExecuteAdditionalData, nodeCredentials: { id: string; name: string }, type: string, mode: string): Promise<ICredentialDataDecryptedObject>;
	} & Record<string, unknown>;
	table: CredentialsTable;
	/** "Test" in the credential dialog, by n8n's own CredentialsTester. */
	testCredentials(type: string, data: ICredentialDataDecryptedObject): Promise<INodeCredentialTestResult>;
	/** Decrypted, as stored now (a refreshed token included). */
	stored(type: string, id: string): Promise<ICredentialDataDecryptedObject>;
}

/**
 * n8n's CredentialsHelper and CredentialsTester from `runtime`, for the
 * credential types of our package (and n8n's own oAuth2Api they extend).
 */
export function loadN8nServer(
	runtime: Runtime,
	packageCredentialTypes: Record<string, ICredentialType>,
	additionalData: () => IWorkflowExecuteAdditionalData,
): N8nServer {
	fromRuntime(runtime, 'reflect-metadata');
	const core = fromRuntime(runtime, 'n8n-core');
	const { Credentials } = core as { Credentials: CredentialsClass };
	const logger = { debug: () => undefined, warn: () => undefined, error: () => undefined, info: () => undefined, scoped: () => logger };
	if (existsSync(path.join(runtime.modules, 'n8n/dist/encryption/key-manager.service.js'))) {
		/*
		 * n8n 2.41 encrypts through a key provider its server sets at start:
		 * its own KeyManagerService, here with no stored deployment keys, so
		 * that it serves the instance key (key rotation off, n8n's default).
		 */
		const { Container } = fromRuntime(runtime, '@n8n/di') as { Container: { get(type: unknown): { setProvider(provider: unknown): void } } };
		const { KeyManagerService } = fromRuntime(runtime, 'n8n/dist/encryption/key-manager.service.js') as {
			KeyManagerService: new (...args: unknown[]) => unknown;
		};
		const noStoredKeys = { find: async () => [], findOne: async () => null };
		Container.get(core.EncryptionKeyProxy).setProvider(
			new KeyManagerService(noStoredKeys, Container.get(core.Cipher), Container.get(core.InstanceSettings), logger),
		);
	}
	const { OAuth2Api } = fromRuntime(runtime, 'n8n-nodes-base/dist/credentials/OAuth2Api.credentials.js') as {
		OAuth2Api: new () => ICredentialType;
	};
	const { NoOp } = fromRuntime(runtime, 'n8n-nodes-base/dist/nodes/NoOp/NoOp.node.js') as { NoOp: new () => INodeType };
	const { CredentialsHelper } = fromRuntime(runtime, 'n8n/dist/credentials-helper.js') as {
		CredentialsHelper: new (...args: unknown[]) => N8nServer['credentialsHelper'];
	};
	const additionalDataModule = fromRuntime(runtime, 'n8n/dist/workflow-execute-additional-data.js');
	const { CredentialsTester } = fromRuntime(runtime, 'n8n/dist/services/credentials-tester.service.js') as {
		CredentialsTester: new (...args: unknown[]) => {
			testCredentials(userId: string, type: string, credentials: { id: string; name: string; type: string; data: ICredentialDataDecryptedObject }): Promise<INodeCredentialTestResult>;
		};
	};

	const types: Record<string, ICredentialType> = { oAuth2Api: new OAuth2Api(), ...packageCredentialTypes };
	const parentsOf = (type: string): string[] => (types[type]?.extends ?? []).flatMap((parent) => [parent, ...parentsOf(parent)]);
	// What n8n's CredentialTypes answers, for the types loaded here.
	const credentialTypes = {
		recognizes: (type: string) => type in types,
		getByName: (type: string) => {
			if (!types[type]) throw new Error(`Unknown credential type ${type}`);
			return types[type];
		},
		getParentTypes: parentsOf,
		getSupportedNodes: () => [],
	};
	const noOp = new NoOp();
	const nodeTypes = {
		getByName: () => noOp,
		getByNameAndVersion: () => noOp,
		getKnownTypes: () => ({}),
	};
	// n8n's server pieces the two classes reach for, at the points they reach them.
	const overwrites = { applyOverwrite: (_type: string, data: unknown) => data, usesManagedAuth: () => false, getOverwrites: () => ({}) };
	const table = new CredentialsTable(Credentials);
	const notLicensed = { isExternalSecretsLicensed: () => false };
	const dynamicCredentials = { resolveIfNeeded: async (_c: unknown, data: unknown) => ({ data, isDynamic: false }), getEffectiveResolverId: () => undefined };
	const cache = { get: async () => false };
	/*
	 * 2.x: (types, overwrites, repository, dynamic credentials, secrets
	 * providers, licence, secrets config, AI gateway[, policy enforcement in
	 * 2.41]); 1.x: (types, overwrites, repository, shared repository, cache).
	 */
	const policies = { enforceCredentialDecrypt: async () => undefined };
	const helperArgs =
		CredentialsHelper.length >= 8
			? [credentialTypes, overwrites, table, dynamicCredentials, { findAllAccessibleProviderKeysByCredentialId: async () => [] }, notLicensed, {}, {}, policies]
			: [credentialTypes, overwrites, table, {}, cache];
	const credentialsHelper = new CredentialsHelper(...helperArgs);

	// The tester takes its base "additional data" from n8n's server; here, the harness's.
	additionalDataModule.getBase = async () => additionalData();
	const tester = new CredentialsTester(logger, { error: () => undefined }, credentialTypes, nodeTypes, credentialsHelper);

	return {
		credentialsHelper,
		table,
		async testCredentials(type, data) {
			/*
			 * "Test" on a saved credential: n8n tests what the dialog holds with
			 * the stored token merged in, under the credential's id, and a token
			 * refreshed during the test is written to that credential.
			 */
			await table.put('credential-test', type, data);
			return await tester.testCredentials('harness-user', type, { id: 'credential-test', name: type, type, data: { ...data } });
		},
		async stored(type, id) {
			return await credentialsHelper.getDecrypted(additionalData(), { id, name: type }, type, 'internal');
		},
	};
}
