/**
 * The floor of any HTTP ingest service on this machine, for the engine benchmark's part (a): plain
 * `node:http`, no framework, no validation, no database. It reads the request body, `JSON.parse`s it
 * and answers what feedsync answers (counts and one result per transaction). Prints its URL.
 */
import { createServer } from 'node:http'

const server = createServer((req, res) => {
  const chunks = []
  req.on('data', (c) => chunks.push(c))
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    const results = body.transactions.map((t) => ({ id: t.id, result: 'recorded' }))
    const text = JSON.stringify({ recorded: results.length, duplicates: 0, rejected: 0, results })
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
    res.end(text)
  })
})
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http floor listening on http://127.0.0.1:${server.address().port}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
