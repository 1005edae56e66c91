import numpy as np, struct
a=np.log(2)/2
t=np.cos(np.linspace(0,np.pi,4001))*a
t=t[t!=0]
# exp(t) = 1 + t*p(t), p degree 5 -> c1..c6 ; minimize relative error: (1+t p - e^t)/e^t
for it in range(1):
  A=np.stack([t**(k+1) for k in range(6)],1)/np.exp(t)[:,None]
  b=(np.exp(t)-1)/np.exp(t)
  # minimax via IRLS
  w=np.ones_like(t)
  for _ in range(200):
    c,*_=np.linalg.lstsq(A*w[:,None],b*w,rcond=None)
    r=A@c-b
    w=w*(np.abs(r)/np.abs(r).max()+1e-3)**0.5; w/=w.max()
cf=[struct.unpack('<f',struct.pack('<f',x))[0] for x in c]
tt=np.linspace(-a,a,400001)
p=cf[5]
for k in [4,3,2,1,0]: p=p*tt+cf[k]
err=np.abs((1+tt*p-np.exp(tt))/np.exp(tt)).max()
print('rel err f32 coef', err, err/2**-24)
for x in cf: print(x.hex(), hex(struct.unpack('<I',struct.pack('<f',x))[0]))
