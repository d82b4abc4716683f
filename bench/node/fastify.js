// Fastify 5 with JSON-schema validation (Ajv) and response schemas, the bench endpoints.
'use strict';

const fastify = require('fastify')({ logger: false });
const { user, checkPerson, person, sleep, port } = require('./shared');
const { page } = require('./page');

const personSchema = {
  type: 'object',
  required: ['name', 'age', 'tags'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 50 },
    age: { type: 'integer', minimum: 0, maximum: 150 },
    tags: { type: 'array', items: { type: 'string' } },
  },
};

fastify.setErrorHandler((error, _request, reply) => {
  const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
  reply.code(status).send({ code: status < 500 ? 20000 : 40000, msg: error.message });
});

fastify.get('/api/user/:id', {
  schema: {
    params: { type: 'object', properties: { id: { type: 'integer', minimum: 0 } } },
    querystring: { type: 'object', properties: { fields: { type: 'string' } } },
  },
}, async (request) => user(request.params.id, request.query.fields));

fastify.post('/api/echo', { schema: { body: personSchema } }, async (request) => person(request.body));

fastify.post('/api/echo-match', {
  schema: { body: personSchema, response: { 200: personSchema } },
}, async (request, reply) => {
  const out = person(request.body);
  const err = checkPerson(out, 'response');
  if (err) return reply.code(500).send({ code: 40001, msg: err });
  return out;
});

fastify.get('/api/sleep', {
  schema: {
    querystring: {
      type: 'object',
      required: ['ms'],
      properties: { ms: { type: 'integer', minimum: 0 } },
    },
  },
}, async (request) => {
  await sleep(request.query.ms);
  return { slept_ms: Math.min(request.query.ms, 5000) };
});

fastify.get('/api/page/:id', {
  schema: { params: { type: 'object', properties: { id: { type: 'integer', minimum: 0 } } } },
}, async (request, reply) => {
  const { status, body } = await page(request.params.id);
  return reply.code(status).send(body);
});

fastify.listen({ port: port(), host: '127.0.0.1' }).then((address) => {
  console.log(`fastify: listening on ${address}`);
});
