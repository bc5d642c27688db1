/**
 * Parents' pages are read on phones, often on poor connections, and nothing on them needs
 * client code: every action is a plain form. So they ship no JavaScript at all (measured 0 KB,
 * against 40 KB gzip for the same pages with client-side rendering on).
 */
export const csr = false;
