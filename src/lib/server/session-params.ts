import { error } from '@sveltejs/kit';
import { z } from 'zod';

const Params = z.object({ id: z.string().uuid(), n: z.coerce.number().int().min(1).max(20) });

/** A session's address: /groups/<group id>/sessions/<number>. Anything else is a 404. */
export function sessionParams(params: { id: string; n: string }): {
	group_id: string;
	number: number;
} {
	const parsed = Params.safeParse(params);
	if (!parsed.success) error(404, 'No such session.');
	return { group_id: parsed.data.id, number: parsed.data.n };
}
