// Yjs updates for bench/fanout.py, made with the real yjs and y-protocols libraries.
//
// bench/fanout.py copies this file into the temporary directory where it installed
// @y/websocket-server (so that `yjs` and `y-protocols` resolve there) and runs:
//
//   node yjs_updates.mjs SIZE STREAM:COUNT [STREAM:COUNT ...] > updates.bin
//
// Each STREAM is one Y.Doc (one Yjs client, as one person's screen): COUNT updates,
// each a Y.Map set of a new key (an item added to the board) whose value is a
// string that starts with the marker `~~STREAM-N~~`, padded so that the whole
// y-websocket message (messageSync, messageYjsUpdate, the update) is SIZE bytes,
// the size of the board's own event frame. Output: for each message, a line
// "STREAM-N LENGTH\n" followed by LENGTH bytes, stream by stream, in order (a
// stream's updates must reach the server in order, as they would from one client).

import * as Y from 'yjs'
import * as syncProtocol from 'y-protocols/sync'
import * as encoding from 'lib0/encoding'

const messageSync = 0
const size = Number(process.argv[2])
const streams = process.argv.slice(3).map((arg) => {
  const [name, count] = arg.split(':')
  return { name, count: Number(count) }
})

const message = (update) => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  syncProtocol.writeUpdate(encoder, update)
  return encoding.toUint8Array(encoder)
}

const chunks = []
for (const { name, count } of streams) {
  const doc = new Y.Doc()
  const map = doc.getMap('board')
  let last = null
  doc.on('update', (update) => { last = update })
  let overhead = null // bytes of the message around the value (the key is counted here)
  let lastKey = 0
  for (let n = 0; n < count; n++) {
    const id = `${name}-${n}`
    const marker = `~~${id}~~`
    if (overhead === null) {
      // Measure the envelope once on a throwaway doc, then pad every value to size.
      const probe = new Y.Doc()
      let probed = null
      probe.on('update', (update) => { probed = update })
      const guess = marker.padEnd(size, 'x') // a value of about the final length
      probe.getMap('board').set(id, guess)
      overhead = message(probed).length - guess.length
      probe.destroy()
    } else {
      overhead += id.length - lastKey // a longer key makes the envelope longer too
    }
    lastKey = id.length
    const value = marker + 'x'.repeat(Math.max(0, size - overhead - marker.length))
    map.set(id, value)
    const bytes = message(last)
    overhead = bytes.length - value.length // varints of the clock grow now and then
    chunks.push(Buffer.from(`${id} ${bytes.length}\n`), Buffer.from(bytes))
  }
}
process.stdout.write(Buffer.concat(chunks))
