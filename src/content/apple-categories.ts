// Apple Podcasts' categories, the only names itunes:category may carry: under a name Apple does not
// know, a show is filed under no category at all. The list is the one Apple introduced in 2019 (Games &
// Hobbies became Leisure, News & Politics became News...), as its "Apple Podcasts categories" support page
// publishes it; names are exact, "&" included (the feed escapes it like any text).
import { nearestName } from './nearest-name.ts';

/** Each category of Apple Podcasts with its subcategories, in Apple's order. */
export const APPLE_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  Arts: ['Books', 'Design', 'Fashion & Beauty', 'Food', 'Performing Arts', 'Visual Arts'],
  Business: ['Careers', 'Entrepreneurship', 'Investing', 'Management', 'Marketing', 'Non-Profit'],
  Comedy: ['Comedy Interviews', 'Improv', 'Stand-Up'],
  Education: ['Courses', 'How To', 'Language Learning', 'Self-Improvement'],
  Fiction: ['Comedy Fiction', 'Drama', 'Science Fiction'],
  Government: [],
  History: [],
  'Health & Fitness': ['Alternative Health', 'Fitness', 'Medicine', 'Mental Health', 'Nutrition', 'Sexuality'],
  'Kids & Family': ['Education for Kids', 'Parenting', 'Pets & Animals', 'Stories for Kids'],
  Leisure: [
    'Animation & Manga',
    'Automotive',
    'Aviation',
    'Crafts',
    'Games',
    'Hobbies',
    'Home & Garden',
    'Video Games',
  ],
  Music: ['Music Commentary', 'Music History', 'Music Interviews'],
  News: [
    'Business News',
    'Daily News',
    'Entertainment News',
    'News Commentary',
    'Politics',
    'Sports News',
    'Tech News',
  ],
  'Religion & Spirituality': ['Buddhism', 'Christianity', 'Hinduism', 'Islam', 'Judaism', 'Religion', 'Spirituality'],
  Science: [
    'Astronomy',
    'Chemistry',
    'Earth Sciences',
    'Life Sciences',
    'Mathematics',
    'Natural Sciences',
    'Nature',
    'Physics',
    'Social Sciences',
  ],
  'Society & Culture': ['Documentary', 'Personal Journals', 'Philosophy', 'Places & Travel', 'Relationships'],
  Sports: [
    'Baseball',
    'Basketball',
    'Cricket',
    'Fantasy Sports',
    'Football',
    'Golf',
    'Hockey',
    'Rugby',
    'Running',
    'Soccer',
    'Swimming',
    'Tennis',
    'Volleyball',
    'Wilderness',
    'Wrestling',
  ],
  Technology: [],
  'True Crime': [],
  'TV & Film': ['After Shows', 'Film History', 'Film Interviews', 'Film Reviews', 'TV Reviews'],
};

/** Categories of Apple's list before 2019 that a feed moved from elsewhere may still carry, and what
 * replaced each; the old names no longer file a show anywhere. */
const RETIRED: Readonly<Record<string, string>> = {
  'Games & Hobbies': 'Leisure',
  'Government & Organizations': 'Government',
  Health: 'Health & Fitness',
  'News & Politics': 'News',
  'Science & Medicine': 'Science',
  'Sports & Recreation': 'Sports',
};

const PARENTS = Object.keys(APPLE_CATEGORIES);
/** Subcategory -> its category; no subcategory name belongs to two categories. */
const PARENT_OF = new Map(PARENTS.flatMap((parent) => (APPLE_CATEGORIES[parent] ?? []).map((c) => [c, parent])));
const ALL_CHILDREN = [...PARENT_OF.keys()];

export type AppleCategory = { ok: true; parent: string; child?: string } | { ok: false; problem: string };

/** "News > Daily News" for a subcategory, "History" for a category. */
export function appleCategoryText(parent: string, child?: string): string {
  return child === undefined ? parent : `${parent} > ${child}`;
}

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');
const didYouMean = (name: string | undefined) => (name === undefined ? '' : `did you mean "${name}"? `);

function parentProblem(parent: string, child: string | undefined): string {
  // "Daily News" alone: a subcategory written without its category.
  const owner = child === undefined ? PARENT_OF.get(parent) : undefined;
  if (owner) return `"${parent}" is a subcategory of "${owner}": write "${appleCategoryText(owner, parent)}"`;
  // "Society &amp; Culture": escaped by hand, which the feed would then escape a second time.
  const unescaped = parent.replaceAll('&amp;', '&');
  if (unescaped !== parent && APPLE_CATEGORIES[unescaped])
    return `write "&" as it is ("${unescaped}"): the feed escapes it`;
  const successor = RETIRED[parent];
  if (successor)
    return `"${parent}" is a category Apple retired in 2019: write "${successor}" (or one of its subcategories)`;
  const near = nearestName(parent, PARENTS);
  let hint = near;
  // "Nwes > Daily News": the category most likely meant, with the subcategory when it is one of its own.
  if (near !== undefined && child !== undefined && APPLE_CATEGORIES[near]?.includes(child))
    hint = appleCategoryText(near, child);
  // "Daily Nwes" alone: a subcategory most likely meant, named with its category.
  if (near === undefined && child === undefined) {
    const nearChild = nearestName(parent, ALL_CHILDREN);
    if (nearChild !== undefined) hint = appleCategoryText(PARENT_OF.get(nearChild) as string, nearChild);
  }
  return `"${parent}" is not one of Apple's categories: ${didYouMean(hint)}Apple's categories are ${quoted(PARENTS)}`;
}

function childProblem(parent: string, child: string): string {
  const children = APPLE_CATEGORIES[parent] ?? [];
  if (children.length === 0) return `"${parent}" has no subcategories: write "${parent}"`;
  const owner = PARENT_OF.get(child);
  if (owner)
    return `"${child}" is a subcategory of "${owner}", not of "${parent}": write "${appleCategoryText(owner, child)}"`;
  const unescaped = child.replaceAll('&amp;', '&');
  if (unescaped !== child && children.includes(unescaped))
    return `write "&" as it is ("${appleCategoryText(parent, unescaped)}"): the feed escapes it`;
  const near = nearestName(child, children);
  return `"${child}" is not a subcategory of "${parent}": ${didYouMean(near && appleCategoryText(parent, near))}the subcategories of "${parent}" are ${quoted(children)}`;
}

/**
 * Reads one of a show's categories: "Parent" or "Parent > Child", with Apple's exact names (spaces
 * around ">" and at the ends do not count). A problem says what is accepted and, for a slip, the name
 * most likely meant; the caller puts the file and the field before it.
 */
export function parseAppleCategory(text: string): AppleCategory {
  const parts = text.split('>').map((p) => p.trim());
  if (parts.length > 2)
    return { ok: false, problem: `"${text}" has more than one ">": write "Category" or "Category > Subcategory"` };
  const [parent = '', child] = parts;
  if (parent === '' || child === '')
    return { ok: false, problem: `"${text}" names no category: write "Category" or "Category > Subcategory"` };
  if (!APPLE_CATEGORIES[parent]) return { ok: false, problem: parentProblem(parent, child) };
  if (child === undefined) return { ok: true, parent };
  if (!APPLE_CATEGORIES[parent]?.includes(child)) return { ok: false, problem: childProblem(parent, child) };
  return { ok: true, parent, child };
}
