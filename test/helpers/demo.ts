/** Demo credentials of the built-in simulator config (environments/ords-simulator.yaml). */
export const DEMO = {
  alias: 'myapi',
  myapi: { id: 'Te8yn-qGmBoX6jzpPhnUXA..', secret: '7KZWVPkkzNZ_gpcS0l-YFw..' },
  license: { id: 'LbC3x9Qe0sWm2Hk7TjVnRg..', secret: 'hP4u-Zr8YdNq1KfXc6GvAw..' },
  norole: { id: 'Nr0LeQ7sTz2Vb9MxCk4PjA..', secret: 'Wd5oYh1Ui8Gf3Ra6Ln0EsQ..' },
  expiring: { id: 'Ex9pIrEdQm4Lt7Zs2Bv1Nw..', secret: 'Tk3nDy6Fa0Hc8Jw5Pu2XeA..' },
  web: { id: 'Wb7aUtHcOdE2xYq9LmNp3A..', secret: 'Zk4rTq8VnW1sEy6HgJd0Bw..' },
  webRedirect: 'http://127.0.0.1:8080/callback',
  spa: { id: 'Sp4aImPl1cItQx8Rv2Wz6g..', secret: 'Jn5cYq0Ub3Ke7Mh2Ta9LsA..' },
  spaRedirect: 'http://127.0.0.1:8080/spa',
  hr: { id: 'Hr2cLiEnT7wQ5mZp0KxBvA..', secret: 'Hs9eCrEt3nY6uJ1oLq4DfA..' },
  user: { name: 'qa_user', password: 'qa_password' },
} as const;

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
