/**
 * The database's types as the app uses them: the generated ones ($lib/database.types, made by
 * `npm run db:types`), plus the one thing the generator cannot know. Import from here.
 */
import { Constants } from './database.types';
import type { Database as Generated, Json } from './database.types';

export type { Json };
export { Constants };

type Public = Generated['public'];
type Functions = Public['Functions'];

/**
 * PostgREST passes a JSON null to a function as SQL null, and these functions are not `strict`,
 * so any argument may be null (the function decides whether that is allowed, as with a group's
 * venue). The generator marks no argument nullable because pg_proc does not record it.
 */
type NullableArgs<A> = A extends Record<PropertyKey, never> ? A : { [K in keyof A]: A[K] | null };

/** The generated Database, with every function argument nullable. */
export type Database = {
	public: Omit<Public, 'Functions'> & {
		Functions: {
			[F in keyof Functions]: Omit<Functions[F], 'Args'> & {
				Args: NullableArgs<Functions[F]['Args']>;
			};
		};
	};
};

export type Enums = Public['Enums'];
export type AppRole = Enums['app_role'];
export type FunctionName = keyof Functions;
/** What a function takes, by name. */
export type Args<F extends FunctionName> = Database['public']['Functions'][F]['Args'];
