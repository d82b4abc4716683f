// The handler logic shared by the Koa and Fastify servers, identical to the Rust ones.
'use strict';

function user(id, fields) {
  const wanted = (fields ?? 'name,email').split(',');
  const out = { id };
  if (wanted.includes('name')) out.name = `User ${id}`;
  if (wanted.includes('email')) out.email = `user${id}@example.com`;
  return out;
}

// The hand-written checks of `POST /api/echo`; returns an error message or null.
function checkPerson(p, part) {
  if (p === null || typeof p !== 'object' || Array.isArray(p)) return `${part}: expected an object`;
  if (typeof p.name !== 'string') return `${part}.name: expected a string`;
  const len = [...p.name].length;
  if (len < 1 || len > 50) return `${part}.name: must be 1 to 50 characters, got ${len}`;
  if (!Number.isInteger(p.age)) return `${part}.age: expected an integer`;
  if (p.age < 0 || p.age > 150) return `${part}.age: must be between 0 and 150, got ${p.age}`;
  if (!Array.isArray(p.tags)) return `${part}.tags: expected an array`;
  for (let i = 0; i < p.tags.length; i++) {
    if (typeof p.tags[i] !== 'string') return `${part}.tags[${i}]: expected a string`;
  }
  return null;
}

function person(p) {
  return { name: p.name, age: p.age, tags: p.tags };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5000)));

function port() {
  return process.env.PORT === undefined ? 8080 : Number(process.env.PORT);
}

module.exports = { user, checkPerson, person, sleep, port };
