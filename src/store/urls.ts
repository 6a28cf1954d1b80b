// Where an article lives on this site. Its own module so the Worker bundle, which serves pages but
// never loads sources, does not pull in the loader's YAML, Markdown and sanitizer libraries.
export function articleUrl(siteUrl: string, slug: string): string {
  return `${siteUrl}articles/${slug.split('/').map(encodeURIComponent).join('/')}`;
}
