// Baseline: the app server of the classic two-server JWT tutorial, kept as written there -- Express,
// `jwt.verify(token, process.env.ACCESS_TOKEN_SECRET, callback)` with the secret as a string, 401
// without a token, 403 on any verification error, and an in-memory list filtered by `req.user.name`.
// Run: PORT=3002 ACCESS_TOKEN_SECRET=<secret> node bench/baselines/express-jwt-tutorial.mjs
import express from 'express';
import jwt from 'jsonwebtoken';

const app = express();
app.use(express.json());

const posts = [
  { username: 'Kyle', title: 'Post 1' },
  { username: 'Jim', title: 'Post 2' },
];

app.get('/posts', authenticateToken, (req, res) => {
  res.json(posts.filter((post) => post.username === req.user.name));
});

function authenticateToken(req, res, next) {
  const authHeader = req.headers['authorization'];
  const token = authHeader && authHeader.split(' ')[1];
  if (token == null) return res.sendStatus(401);

  jwt.verify(token, process.env.ACCESS_TOKEN_SECRET, (err, user) => {
    if (err) return res.sendStatus(403);
    req.user = user;
    next();
  });
}

const server = app.listen(Number(process.env.PORT ?? 3002), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
