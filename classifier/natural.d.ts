// natural ships types only for its root module; the classifier imports just the Porter stemmer
// (the root module loads every corpus and model, ≈1.2 s and dotenv output).
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}
