/*
 * A stand-in for the npm registry on loopback, serving one package: our
 * packed tarball (from `packPackage()`), as the public registry would once
 * the package is published. It answers what n8n's community-package
 * installer asks: the packument (`GET /<name>`), one version's manifest
 * (`GET /<name>/<version>`, n8n's existence and checksum checks) and the
 * tarball (`dist.tarball`, with `shasum` and `integrity`).
 *
 * It is reachable two ways:
 * - as a registry of its own at `url` (what `N8N_COMMUNITY_PACKAGES_REGISTRY`
 *   points at; n8n 2.x accepts another registry only with an Enterprise
 *   licence, see README.md, "A registry other than npm");
 * - as `https://registry.npmjs.org` itself, for the processes given
 *   `publicRegistryEnv()`: the server is also an HTTPS proxy that answers
 *   CONNECTs to registry.npmjs.org:443 itself, with a certificate for that
 *   name from a CA made for this run (trusted only through
 *   NODE_EXTRA_CA_CERTS), and refuses tunnels to any other host (recorded in
 *   `refusedTunnels`). That is how an unlicensed n8n, which only installs
 *   from the default registry, installs an unpublished package here. Nothing
 *   is forwarded anywhere: the package has no dependencies.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const PUBLIC_REGISTRY_HOST = 'registry.npmjs.org';

export interface RegistryRequest {
	/** `http` to `url`, `https` through the tunnel to registry.npmjs.org. */
	via: 'http' | 'https';
	method: string;
	path: string;
	status: number;
}

export interface LocalRegistry {
	/** The registry's own address (http://127.0.0.1:<port>), also the proxy's. */
	url: string;
	name: string;
	version: string;
	/** npm's `dist.integrity` of the tarball: the `checksum` n8n compares (`sha512-…`). */
	integrity: string;
	shasum: string;
	/** Every request answered, in order. */
	requests: RegistryRequest[];
	/** Hosts whose CONNECT was refused (anything but registry.npmjs.org:443). */
	refusedTunnels: string[];
	/** Tarball downloads so far. */
	downloads(): number;
	/** Environment that makes a process's npm and Node reach this server as https://registry.npmjs.org. */
	publicRegistryEnv(): NodeJS.ProcessEnv;
	stop(): Promise<void>;
}

/** A CA and a certificate for registry.npmjs.org signed by it, made with openssl in `dir`. */
function makeCertificates(dir: string): { caFile: string; npmCaFile: string; key: Buffer; cert: Buffer } {
	const file = (name: string) => path.join(dir, name);
	const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
	openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=lead-conversions test registry CA']);
	openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('registry.key'), '-out', file('registry.csr'), '-subj', `/CN=${PUBLIC_REGISTRY_HOST}`]);
	writeFileSync(file('registry.ext'), `subjectAltName=DNS:${PUBLIC_REGISTRY_HOST}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
	openssl(['x509', '-req', '-in', file('registry.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('registry.pem'), '-days', '2', '-extfile', file('registry.ext')]);
	// npm trusts only its `cafile` when one is configured (Debian's global npmrc names the system bundle): that bundle plus our CA.
	const system = '/etc/ssl/certs/ca-certificates.crt';
	writeFileSync(file('npm-ca.pem'), `${existsSync(system) ? readFileSync(system, 'utf8') : ''}\n${readFileSync(file('ca.pem'), 'utf8')}`);
	return { caFile: file('ca.pem'), npmCaFile: file('npm-ca.pem'), key: readFileSync(file('registry.key')), cert: readFileSync(file('registry.pem')) };
}

export async function startLocalRegistry(tarballPath: string): Promise<LocalRegistry> {
	const dir = mkdtempSync(path.join(tmpdir(), 'lead-conversions-registry-'));
	const tarball = readFileSync(tarballPath);
	// The manifest inside the tarball, as npm's registry publishes it.
	const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tarballPath, 'package/package.json']).toString()) as Record<string, unknown> & {
		name: string;
		version: string;
	};
	const { name, version } = manifest;
	const integrity = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
	const shasum = createHash('sha1').update(tarball).digest('hex');
	const tarballFile = `${name}-${version}.tgz`;
	const published = new Date().toISOString();

	const requests: RegistryRequest[] = [];
	const refusedTunnels: string[] = [];

	const versionDoc = (origin: string) => ({
		...manifest,
		_id: `${name}@${version}`,
		dist: { tarball: `${origin}/${name}/-/${tarballFile}`, shasum, integrity },
	});

	const handle = (via: RegistryRequest['via']) => (request: IncomingMessage, response: ServerResponse) => {
		const url = new URL(request.url ?? '/', 'http://registry');
		const route = decodeURIComponent(url.pathname);
		// The origin the client used: tarball URLs point back to where it asked.
		const origin = via === 'https' ? `https://${PUBLIC_REGISTRY_HOST}` : `http://${request.headers.host ?? '127.0.0.1'}`;
		const send = (status: number, body: unknown, type = 'application/json') => {
			requests.push({ via, method: request.method ?? 'GET', path: route, status });
			const payload = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
			response.writeHead(status, { 'content-type': type, 'content-length': payload.length });
			response.end(request.method === 'HEAD' ? undefined : payload);
		};
		if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, { error: 'Method not allowed' });
		if (route === `/${name}`) {
			return send(200, {
				_id: name,
				name,
				'dist-tags': { latest: version },
				versions: { [version]: versionDoc(origin) },
				time: { created: published, modified: published, [version]: published },
			});
		}
		if (route === `/${name}/${version}` || route === `/${name}/latest`) return send(200, versionDoc(origin));
		if (route === `/${name}/-/${tarballFile}`) return send(200, tarball, 'application/octet-stream');
		return send(404, { error: 'Not found' });
	};

	const { caFile, npmCaFile, key, cert } = makeCertificates(dir);
	const server = createServer(handle('http'));
	// Answers the tunnels to registry.npmjs.org itself; never listens on a port.
	const tls = createHttpsServer({ key, cert }, handle('https'));
	const sockets = new Set<Socket>();
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	});
	server.on('connect', (request: IncomingMessage, socket: Socket, head: Buffer) => {
		const target = request.url ?? '';
		if (target !== `${PUBLIC_REGISTRY_HOST}:443`) {
			refusedTunnels.push(target);
			socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
			return;
		}
		socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		if (head.length) socket.unshift(head);
		tls.emit('connection', socket);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	return {
		url,
		name,
		version,
		integrity,
		shasum,
		requests,
		refusedTunnels,
		downloads: () => requests.filter((entry) => entry.path.endsWith('.tgz') && entry.status === 200).length,
		publicRegistryEnv: () => ({
			// n8n (proxy-from-env) and npm (@npmcli/agent) both read these.
			HTTPS_PROXY: url,
			https_proxy: url,
			// n8n's task runners, the sandbox and n8n itself stay direct.
			NO_PROXY: '127.0.0.1,localhost',
			no_proxy: '127.0.0.1,localhost',
			NODE_EXTRA_CA_CERTS: caFile,
			npm_config_cafile: npmCaFile,
			// An empty npm cache, as in a new container: the tarball is fetched, not found in ~/.npm.
			npm_config_cache: path.join(dir, 'npm-cache'),
		}),
		stop: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			rmSync(dir, { recursive: true, force: true });
		},
	};
}
