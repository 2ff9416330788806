/*
 * The editor in Debian's Chromium, driven by playwright-core: log in, open
 * the "Spreadsheet rows → Nexor conversions" example, switch the conversion
 * type and read the fields the node shows.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

import { PACKAGE_ROOT } from '../harness/engine';
import { OWNER } from '../runtime/n8nInstance';

export const SCREENSHOT_DIR = path.join(PACKAGE_ROOT, 'test-results', 'screenshots');

/** Flags a closed network needs: no background connections, no sandbox as root. */
const CHROMIUM_ARGS = [
	'--headless=new',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

export async function launchBrowser(): Promise<Browser> {
	return await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export async function logIn(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/signin`);
	await page.locator('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]').first().fill(OWNER.email);
	await page.locator('input[type="password"]').first().fill(OWNER.password);
	await page.getByRole('button', { name: /sign in/i }).click();
	await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 60_000 });
}

export async function screenshot(page: Page, name: string): Promise<string> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	const file = path.join(SCREENSHOT_DIR, `${name}.png`);
	await page.screenshot({ path: file });
	return file;
}

/** Opens a node's settings (the NDV) by double-clicking it on the canvas. */
export async function openNode(page: Page, baseUrl: string, workflowId: string, nodeName: string): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${workflowId}`);
	const node = page.locator('[data-test-id="canvas-node"]', { hasText: nodeName }).first();
	await node.waitFor({ timeout: 60_000 });
	await node.dblclick();
	await page.locator('[data-test-id="ndv"]').first().waitFor({ timeout: 30_000 });
}

/** Picks an option of a dropdown parameter in the open node. */
export async function chooseOption(page: Page, parameter: string, option: string): Promise<void> {
	const input = page.locator(`[data-test-id="parameter-input-${parameter}"]`).first();
	const choice = page.locator('.el-select-dropdown__item, [role="option"]', { hasText: option }).filter({ visible: true }).first();
	// The options load from n8n when the list opens; on a busy machine the list can open empty and
	// stay so: closed and opened again (as a user would), three times at most.
	for (let attempt = 1; ; attempt++) {
		await input.click();
		try {
			await choice.waitFor({ timeout: 20_000 });
			break;
		} catch (error) {
			if (attempt === 3) throw error;
			await page.keyboard.press('Escape');
		}
	}
	await choice.click();
}

/** The field labels the resource mapper of the open node shows. */
export async function mapperFieldLabels(page: Page): Promise<string[]> {
	const mapper = page.locator('[data-test-id="resource-mapper-container"]').first();
	await mapper.waitFor({ timeout: 30_000 });
	return (await mapper.locator('[data-test-id="input-label"]').allInnerTexts())
		.map((text) => text.replace(/\s+/g, ' ').trim())
		.filter(Boolean);
}
