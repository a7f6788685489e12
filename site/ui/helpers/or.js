'use strict'
module.exports = (...args) => args.slice(0, -1).find((v) => v) ?? args[args.length - 2]
