/** The paging facts of a list's view model, as a zod schema for the view-model schemas. */
import { z } from 'zod';

/** private.paging_json: which page this is, its size, and how many rows match in all. */
export const Paging = z.object({
	page: z.number().int().min(1),
	page_size: z.number().int().min(1),
	total: z.number().int().min(0)
});
export type Paging = z.infer<typeof Paging>;
