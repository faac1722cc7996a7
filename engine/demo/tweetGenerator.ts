import { IllegalArgumentError } from "../errors";
import { seededRandom } from "../util/random";
import { readDataset } from "./readDataset";

/** A tweet as X/Twitter's v2 API sends it (the fields the filtered stream's demo asks for). */
export interface Tweet {
  /** A snowflake id: the creation time in its high bits, as Twitter's. */
  id: string;
  text: string;
  /** ISO 8601, e.g. "2026-11-02T10:15:30.020Z". */
  created_at: string;
  author_id: string;
  entities: {
    /** `start`/`end` count Unicode code points of `text`, end exclusive; `tag` has no "#". */
    hashtags: { start: number; end: number; tag: string }[];
  };
}

/** One line of the v2 filtered stream: the tweet and the rules it matched. */
export interface TweetEvent {
  data: Tweet;
  matching_rules: { id: string; tag: string }[];
}

/** Options of tweetGenerator. */
export interface TweetGeneratorOptions {
  /** Changes the tweets; the same seed gives the same tweet k. Default 1. */
  seed?: number;
  /** Tweet k is created k / tweetsPerSecond seconds after startMs. Default 50. */
  tweetsPerSecond?: number;
  /** The creation time of tweet 0, in ms since the epoch. Default: now. */
  startMs?: number;
  /** Seconds for the genre mix to go once round (which hashtags trend). Default 60. */
  driftSeconds?: number;
}

interface Movie {
  title: string;
  genre: string;
  director: string | undefined;
  year: string | undefined;
  rating: number | undefined;
  distributor: string | undefined;
}

/** Hashtags of the data set's genres (movies.json's "Major Genre"). */
const GENRE_TAGS: Record<string, string> = {
  Drama: "Drama",
  Comedy: "Comedy",
  Action: "Action",
  "Thriller/Suspense": "Thriller",
  Adventure: "Adventure",
  Horror: "Horror",
  "Romantic Comedy": "RomCom",
  Musical: "Musical",
  Documentary: "Documentary",
  Western: "Western",
  "Black Comedy": "BlackComedy",
  "Concert/Performance": "Concert",
};

/** How far the mix swings: a genre at its peak is e^1.2 ≈ 3.3× its usual share, at its trough 0.3×. */
const DRIFT_AMPLITUDE = 1.2;
const TWITTER_EPOCH = 1288834974657n;
const RULES = [{ id: "1700000000000000001", tag: "movie talk" }];

const TEMPLATES: ((m: Movie) => string | undefined)[] = [
  (m) => `Just watched "${m.title}" and I'm still thinking about it.`,
  (m) =>
    m.rating === undefined
      ? undefined
      : `"${m.title}"${m.year ? ` (${m.year})` : ""} is ${
          m.rating >= 7
            ? "a must-see"
            : m.rating >= 5.5
              ? "better than its reputation"
              : "a guilty pleasure at best"
        }. ${m.rating}/10 on IMDb.`,
  (m) => (m.director ? `${m.director}'s "${m.title}" still holds up.` : undefined),
  (m) => `Rewatching "${m.title}" tonight 🍿`,
  (m) =>
    m.year
      ? `Hot take: "${m.title}" is the most underrated ${m.genre.toLowerCase()} of ${m.year}.`
      : undefined,
  (m) => `Who else saw "${m.title}" this weekend? No spoilers please!`,
  (m) => `${m.distributor ?? "Someone"} should put "${m.title}" back in theaters.`,
];

let moviesByGenre: Map<string, Movie[]> | undefined;

/**
 * Realistic tweets about films, for the Twitter demo (tweetServer, or a generatorStream): each
 * mentions a real film of `vega-datasets`' movies.json (its title, director, year, IMDb rating,
 * distributor) and carries its genre as a hashtag (#Drama, #Comedy, #Thriller…), sometimes
 * #MovieNight, #FilmTwitter, the director (#StevenSpielberg) or #Oscars for a film rated 8+.
 * Genres are as popular as they are in the data (Drama has 150 times the films of Concert), so a
 * top-N of hashtags is skewed; the mix drifts (each genre's share swings around its usual one,
 * once every `driftSeconds`, each at its own phase), so the ranking changes over a window.
 * Tweet k depends only on the seed and k: a replay is the same.
 *
 * @example
 * const tweetAt = tweetGenerator({ seed: 7 });
 * tweetAt(0).data.text // 'Sony Pictures should put "Little Black Book" back in theaters. #RomCom'
 */
export function tweetGenerator(options: TweetGeneratorOptions = {}): (k: number) => TweetEvent {
  const { seed = 1, tweetsPerSecond = 50, startMs = Date.now(), driftSeconds = 60 } = options;
  for (const [name, v] of [
    ["tweetsPerSecond", tweetsPerSecond],
    ["driftSeconds", driftSeconds],
  ] as const) {
    if (!(Number.isFinite(v) && v > 0)) {
      throw new IllegalArgumentError(
        `tweetGenerator: ${name} must be a positive number; got ${v}. Fix: e.g. { ${name}: 50 }.`,
      );
    }
  }
  const byGenre = movies();
  const genres = [...byGenre.keys()];
  const base = genres.map((g) => byGenre.get(g)!.length);
  return (k) => {
    const rand = seededRandom(seed * 1_000_003 + k);
    const seconds = k / tweetsPerSecond;
    const weights = base.map(
      (w, i) =>
        w *
        Math.exp(
          DRIFT_AMPLITUDE *
            Math.sin((2 * Math.PI * seconds) / driftSeconds + (2 * Math.PI * i) / genres.length),
        ),
    );
    const films = byGenre.get(genres[pickWeighted(weights, rand())]!)!;
    const movie = films[Math.floor(rand() * films.length)]!;
    const createdMs = startMs + Math.floor((k * 1000) / tweetsPerSecond);
    return {
      data: {
        id: String(((BigInt(createdMs) - TWITTER_EPOCH) << 22n) | BigInt(k % 4096)),
        ...textWithHashtags(movie, rand),
        created_at: new Date(createdMs).toISOString(),
        author_id: String(2_900_000_000 + Math.floor(rand() * 2000) * 104_729),
      },
      matching_rules: RULES,
    };
  };
}

function textWithHashtags(movie: Movie, rand: () => number): Pick<Tweet, "text" | "entities"> {
  const start = Math.floor(rand() * TEMPLATES.length);
  let body: string | undefined;
  for (let i = 0; body === undefined; i++) body = TEMPLATES[(start + i) % TEMPLATES.length]!(movie);
  const tags = [GENRE_TAGS[movie.genre]!];
  if (movie.director && rand() < 0.25) tags.push(movie.director.replace(/[^A-Za-z0-9]/g, ""));
  if (movie.rating !== undefined && movie.rating >= 8 && rand() < 0.5) tags.push("Oscars");
  if (rand() < 0.12) tags.push("MovieNight");
  if (rand() < 0.06) tags.push("FilmTwitter");
  let text = body;
  const hashtags: Tweet["entities"]["hashtags"] = [];
  for (const tag of tags) {
    text += " ";
    const at = codePoints(text);
    text += `#${tag}`;
    hashtags.push({ start: at, end: at + 1 + codePoints(tag), tag });
  }
  return { text, entities: { hashtags } };
}

function pickWeighted(weights: number[], u: number): number {
  let x = u * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i]!;
    if (x < 0) return i;
  }
  return weights.length - 1;
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** movies.json's films with a title and a genre we have a hashtag for, by genre (read once). */
function movies(): Map<string, Movie[]> {
  if (moviesByGenre) return moviesByGenre;
  const byGenre = new Map<string, Movie[]>();
  for (const row of readDataset("movies.json")) {
    const genre = row["Major Genre"];
    if (row.Title == null || typeof genre !== "string" || !(genre in GENRE_TAGS)) continue;
    const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
    const date = text(row["Release Date"]);
    const movie: Movie = {
      title: String(row.Title),
      genre,
      director: text(row.Director),
      year: date?.match(/\d{4}$/)?.[0],
      rating: typeof row["IMDB Rating"] === "number" ? row["IMDB Rating"] : undefined,
      distributor: text(row.Distributor),
    };
    const list = byGenre.get(genre) ?? [];
    list.push(movie);
    byGenre.set(genre, list);
  }
  moviesByGenre = byGenre;
  return byGenre;
}
