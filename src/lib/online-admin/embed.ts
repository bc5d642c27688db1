/**
 * What an admin pastes as a module's video, turned into the one embeddable address per host the
 * database's CHECK allows (online_modules.video_url): YouTube's privacy mode or Vimeo's player.
 * Anything else gets a message saying what would work, so the form never reaches the CHECK.
 */
export type Embed = { url: string; error?: never } | { url?: never; error: string };

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const HOSTS_MESSAGE =
	'Paste a YouTube or Vimeo address, like https://www.youtube.com/watch?v=… or https://vimeo.com/123456.';

export function embedAddress(pasted: string): Embed {
	const text = pasted.trim();
	if (!text) return { error: 'Paste the video’s address.' };
	let url: URL;
	try {
		url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`);
	} catch {
		return { error: HOSTS_MESSAGE };
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: HOSTS_MESSAGE };
	const host = url.hostname.toLowerCase().replace(/^(www\.|m\.)/, '');
	const parts = url.pathname.split('/').filter(Boolean);
	let youtube: string | undefined;
	let vimeo: string | undefined;
	if (host === 'youtube.com' || host === 'youtube-nocookie.com') {
		if (parts[0] === 'watch') youtube = url.searchParams.get('v') ?? '';
		else if (parts[0] === 'embed' || parts[0] === 'shorts' || parts[0] === 'live')
			youtube = parts[1];
	} else if (host === 'youtu.be') {
		youtube = parts[0];
	} else if (host === 'vimeo.com') {
		vimeo = parts.find((p) => /^\d+$/.test(p));
	} else if (host === 'player.vimeo.com' && parts[0] === 'video') {
		vimeo = parts[1];
	}
	if (youtube !== undefined) {
		return ID.test(youtube)
			? { url: `https://www.youtube-nocookie.com/embed/${youtube}` }
			: { error: 'That YouTube address has no video in it. Copy it again from the video’s page.' };
	}
	if (vimeo !== undefined) {
		return /^\d{1,20}$/.test(vimeo)
			? { url: `https://player.vimeo.com/video/${vimeo}` }
			: { error: 'That Vimeo address has no video number in it.' };
	}
	return { error: HOSTS_MESSAGE };
}
