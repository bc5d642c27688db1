/**
 * Node 20 has no global WebSocket, and supabase-js builds a realtime client eagerly. Servers
 * and tests here never subscribe, so give it a transport that refuses to connect if ever used.
 */
class NoRealtime {
	constructor() {
		throw new Error('Realtime is not used on the server.');
	}
}

export const noRealtime = { transport: NoRealtime as unknown as typeof WebSocket };
