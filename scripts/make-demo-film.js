// Makes the demo's placeholder film (supabase/seed-storage/demo-film.webm): 20 seconds of a
// titled card with a running clock, recorded by Chromium's MediaRecorder from a canvas, so the
// demo has a real video to play without shipping anyone's footage. Run once:
//   node scripts/make-demo-film.js
import { chromium } from '@playwright/test';
import { writeFileSync } from 'node:fs';

const SECONDS = 20;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const page = await browser.newPage();
const base64 = await page.evaluate(async (seconds) => {
	const canvas = document.createElement('canvas');
	canvas.width = 640;
	canvas.height = 360;
	const g = canvas.getContext('2d');
	const stream = canvas.captureStream(10);
	const recorder = new MediaRecorder(stream, {
		mimeType: 'video/webm;codecs=vp8',
		videoBitsPerSecond: 60_000
	});
	const chunks = [];
	recorder.ondataavailable = (e) => chunks.push(e.data);
	const started = performance.now();
	const draw = () => {
		const t = (performance.now() - started) / 1000;
		g.fillStyle = '#1f3a5f';
		g.fillRect(0, 0, 640, 360);
		g.fillStyle = '#ffffff';
		g.font = 'bold 34px sans-serif';
		g.fillText('MBT Online training', 40, 110);
		g.font = '24px sans-serif';
		g.fillText('Demo film: the real videos are uploaded', 40, 170);
		g.fillText('by the training admin.', 40, 204);
		g.fillStyle = '#9cc3e6';
		g.fillRect(40, 270, Math.min(560, (560 * t) / seconds), 14);
		g.fillStyle = '#ffffff';
		g.font = '22px sans-serif';
		g.fillText(
			`0:${String(Math.min(seconds, Math.floor(t))).padStart(2, '0')} / 0:${seconds}`,
			40,
			320
		);
	};
	const timer = setInterval(draw, 50);
	draw();
	recorder.start(1000);
	await new Promise((r) => setTimeout(r, seconds * 1000 + 200));
	recorder.stop();
	await new Promise((r) => (recorder.onstop = r));
	clearInterval(timer);
	const blob = new Blob(chunks, { type: 'video/webm' });
	const bytes = new Uint8Array(await blob.arrayBuffer());
	let s = '';
	for (const b of bytes) s += String.fromCharCode(b);
	return btoa(s);
}, SECONDS);
await browser.close();
writeFileSync('supabase/seed-storage/demo-film.webm', Buffer.from(base64, 'base64'));
console.log(`demo-film.webm: ${Buffer.from(base64, 'base64').length} bytes`);
