# A local stand-in for eclipse-temurin:25-jre, for bin/images verify on a machine that cannot pull it. A TEST FIXTURE:
# what runs in production is the upstream image. It keeps the part of the upstream contract docker/Dockerfile uses:
# java on PATH and in JAVA_HOME=/opt/java/openjdk, bash, groupadd/useradd and setpriv. The Java runtime is linked
# (jlink) by bin/images from the machine's own JDK 25, without the development tools, as Temurin's JRE is.
FROM healthcheck-stand-in/debian:bookworm
COPY jre/ /opt/java/openjdk/
ENV JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8
RUN java -version
