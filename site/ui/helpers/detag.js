'use strict'
module.exports = (html) => (html == null ? '' : String(html).replace(/<[^>]+>/g, ''))
